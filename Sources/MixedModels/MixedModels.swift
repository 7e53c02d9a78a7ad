import CNumerics
import DataTable
